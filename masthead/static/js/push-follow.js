// "Follow this story" on an article (masthead/templates/push/_follow.html): the reader gets a
// notification when the newsroom sends an update of this story. The button is in the cached
// page for everyone and hidden; this script shows it where the browser can receive pushes and
// says whether this browser follows the story. Following subscribes the browser first if need
// be (the browser asks for permission), adding the story to what it already follows.
(() => {
  const box = document.querySelector("[data-push-follow]");
  const push = window.mastheadPush;
  if (!box || !push || push.blocked()) return;
  const topic = box.dataset.pushFollow;
  const button = box.querySelector("button");
  const status = box.querySelector("[data-push-follow-status]");
  const message = (name) => box.querySelector("template").content.querySelector(`[data-${name}]`).textContent;
  const show = (following) => {
    button.setAttribute("aria-pressed", following ? "true" : "false");
    button.textContent = message(following ? "following" : "follow");
  };
  let following = false;
  let changed = false; // a click's answer is newer than the first read: the read must not undo it
  show(false);
  box.hidden = false;
  push.topics().then((state) => {
    if (changed) return;
    following = Boolean(state && state.topics.includes(topic));
    show(following);
  }).catch(() => {});

  button.addEventListener("click", async () => {
    changed = true;
    button.disabled = true;
    try {
      if (following) {
        const state = await push.topics({ unfollow: [topic] });
        following = Boolean(state && state.topics.includes(topic));
        status.textContent = message("unfollowed");
      } else {
        const state = await push.topics({ follow: [topic] });
        const topics = state ? state.topics : await push.subscribe([topic], { merge: true });
        following = topics.includes(topic);
        status.textContent = message(following ? "followed" : "failed");
      }
    } catch (error) {
      status.textContent = message(error.message === "blocked" ? "blocked" : "failed");
    } finally {
      show(following);
      button.disabled = false;
    }
  });
})();
