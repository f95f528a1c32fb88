"""The rules: one class per module, each enforcing one standard (see `base.Rule` for the contract).

The order and options come from `MASTHEAD_MODERATION_RULES` (`app_settings.py`).
"""
