// The notification settings page (/notifications/, masthead/templates/push/settings.html): what
// this browser follows, read from the server by its subscription's endpoint; the reader ticks
// breaking news, sections and the stories they follow, saves, or turns notifications off (here
// and at the browser's push service) or on again.
(() => {
  const root = document.querySelector("[data-push-settings]");
  const push = window.mastheadPush;
  if (!root) return;
  const state = root.querySelector("[data-push-settings-state]");
  const form = root.querySelector("[data-push-settings-form]");
  const status = root.querySelector("[data-push-settings-status]");
  const turnOn = root.querySelector("[data-push-settings-on]");
  const turnOff = root.querySelector("[data-push-settings-off]");
  const save = root.querySelector("[data-push-settings-save]");
  const storiesBox = root.querySelector("[data-push-settings-stories]");
  const storiesList = root.querySelector("[data-push-settings-stories-list]");
  const message = (name) => root.querySelector("[data-push-settings-messages]").content.querySelector(`[data-${name}]`).textContent;
  const boxes = () => [...form.querySelectorAll("input[name=topic]")];
  let followed = [];

  const showStories = (stories) => {
    storiesList.replaceChildren(...stories.map((story) => {
      const item = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      Object.assign(box, { type: "checkbox", name: "topic", value: story.topic, checked: true });
      const link = document.createElement("a");
      link.href = story.url;
      link.textContent = story.title;
      label.append(box, " ", link);
      item.append(label);
      return item;
    }));
    storiesBox.hidden = stories.length === 0;
  };
  const show = (subscribed, topics = [], stories = []) => {
    followed = subscribed ? topics : [];
    state.textContent = message(subscribed ? "on" : "off");
    showStories(subscribed ? stories : []);
    boxes().forEach((box) => { box.checked = subscribed ? topics.includes(box.value) : box.value === "breaking"; });
    save.hidden = !subscribed;
    turnOff.hidden = !subscribed;
    turnOn.hidden = subscribed;
    form.hidden = false;
  };

  if (!push || !push.supported) { state.textContent = message("unsupported"); return; }
  if (push.blocked()) { state.textContent = message("blocked"); return; }
  push.topics().then((answer) => {
    if (answer) show(true, answer.topics, answer.stories); else show(false);
  }).catch(() => { state.textContent = message("failed"); });

  const ticked = () => boxes().filter((box) => box.checked).map((box) => box.value);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const wanted = ticked();
    try {
      const answer = await push.topics({
        follow: wanted.filter((topic) => !followed.includes(topic)),
        unfollow: followed.filter((topic) => !wanted.includes(topic)),
      });
      if (answer) show(true, answer.topics, answer.stories); else show(false);
      status.textContent = message(answer ? "saved" : "failed");
    } catch (error) {
      status.textContent = message("failed");
    }
  });
  turnOn.addEventListener("click", async () => {
    try {
      await push.subscribe(ticked().length ? ticked() : ["breaking"], { merge: false });
      const answer = await push.topics();
      if (answer) show(true, answer.topics, answer.stories);
      status.textContent = message("saved");
    } catch (error) {
      status.textContent = message(error.message === "blocked" ? "blocked" : "failed");
    }
  });
  turnOff.addEventListener("click", async () => {
    try {
      await push.unsubscribe();
      show(false);
      status.textContent = message("turned-off");
    } catch (error) {
      status.textContent = message("failed");
    }
  });
})();
