"""Web push (RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID), with no push vendor.

Entry points: `services` (subscriptions, VAPID keys, alerts and their fan-out), `tasks`
(the fan-out in the task workers), `views` (subscribe, unsubscribe, click, the service
worker and the manifest). The push-service double the tests deliver to is
`tests/push_service.py`.
"""
