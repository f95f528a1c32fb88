// The discussion under an article, as progressive enhancement: everything works without it.
// - loads the thread fragment when the section comes near the screen (the article page is
//   cached for guests, so the thread is fetched from its own short-cached address);
// - posts, replies, edits, likes, reports, mutes and deletes without leaving the page, keeping
//   the text when a comment is refused and showing why;
// - asks every few seconds for new comments of others (while the tab is visible), keeps the
//   counters right and offers them with a button rather than moving the text being read.
(() => {
  "use strict";
  const section = document.querySelector("[data-comments]");
  if (!section || !window.fetch) return;
  const threadBox = section.querySelector("[data-thread]");
  const status = section.querySelector("[data-comments-status]");
  const pollSeconds = Math.max(5, parseInt(section.dataset.pollSeconds || "20", 10));
  let latestId = 0;
  let pending = [];
  let polling = null;

  const announce = (text) => {
    if (!status || !text) return;
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 50);
  };
  const parse = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  };
  const known = (id) => section.querySelector(`[data-comment-id="${id}"]:not([id^="featured-"])`);
  const counterSet = (count) => {
    document.querySelectorAll("[data-comments-count] .counter__value").forEach((node) => {
      node.textContent = `(${count})`;
    });
    document.querySelectorAll("a[href='#comments'] .counter__value").forEach((node) => {
      node.textContent = String(count);
    });
  };
  const request = async (url, options = {}) => {
    const response = await fetch(url, { credentials: "same-origin", ...options });
    return response;
  };
  const json = async (response) => {
    const type = response.headers.get("Content-Type") || "";
    return type.includes("application/json") ? response.json() : null;
  };

  // --- The thread -------------------------------------------------------------------------------
  const threadLoad = async (url) => {
    threadBox.setAttribute("aria-busy", "true");
    try {
      const response = await request(url, { headers: { Accept: "text/html" } });
      if (!response.ok) return;
      threadBox.replaceChildren(parse(await response.text()));
      threadReady();
    } finally {
      threadBox.removeAttribute("aria-busy");
    }
  };
  const threadReady = () => {
    const thread = threadBox.querySelector(".thread");
    if (thread) latestId = Math.max(latestId, parseInt(thread.dataset.latestId || "0", 10));
    if (section.dataset.updatesUrl && !polling) {
      polling = window.setInterval(poll, pollSeconds * 1000);
    }
    if (location.hash.startsWith("#comment-")) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  };
  const entriesList = () => threadBox.querySelector("[data-entries]");

  const moreComments = async (link) => {
    const response = await request(link.dataset.moreComments, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const fragment = parse(await response.text());
    const list = entriesList();
    fragment.querySelectorAll("[data-entries] > li").forEach((item) => {
      const id = item.dataset.threadId;
      if (!id || !known(id)) list.append(item);
    });
    const nextMore = fragment.querySelector("[data-more-wrap]");
    const wrap = link.closest("[data-more-wrap]");
    if (nextMore) wrap.replaceWith(nextMore); else wrap.remove();
  };
  const moreReplies = async (link) => {
    const response = await request(link.dataset.moreReplies, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const fragment = parse(await response.text());
    const entry = link.closest(".thread__entry");
    const list = entry.querySelector("[data-replies]");
    fragment.querySelectorAll("[data-replies] > li").forEach((item) => {
      const comment = item.querySelector("[data-comment-id]");
      if (comment && !known(comment.dataset.commentId)) list.append(item);
    });
    const next = fragment.querySelector(".comment-replies__more");
    const wrap = link.closest(".comment-replies__more");
    if (next) wrap.replaceWith(next); else wrap.remove();
  };

  // --- New comments of others -------------------------------------------------------------------
  const poll = async () => {
    // The page was swapped for another while the radio plays (radio-player.js): stop.
    if (!section.isConnected) { window.clearInterval(polling); return; }
    if (document.hidden) return;
    const url = `${section.dataset.updatesUrl}?after=${latestId}`;
    let data;
    try {
      data = await json(await request(url, { headers: { Accept: "application/json" } }));
    } catch {
      return;
    }
    if (!data) return;
    counterSet(data.count);
    latestId = Math.max(latestId, data.latest_id || 0);
    data.comments.forEach((item) => {
      if (!known(item.id) && !pending.some((p) => p.id === item.id)) pending.push(item);
    });
    newButtonUpdate();
  };
  const newButtonUpdate = () => {
    const wrap = threadBox.querySelector("[data-new-wrap]");
    if (!wrap) return;
    const button = wrap.querySelector("[data-show-new]");
    if (!pending.length) { wrap.hidden = true; return; }
    button.textContent = pending.length === 1
      ? button.dataset.one
      : button.dataset.many.replace("{count}", String(pending.length));
    if (wrap.hidden) announce(button.textContent);
    wrap.hidden = false;
  };
  const insert = (item, { own = false } = {}) => {
    if (known(item.id)) return null;
    const fragment = parse(item.html);
    const node = fragment.firstElementChild;
    if (!node) return null;
    const li = document.createElement("li");
    li.append(node);
    if (item.parent_id) {
      const replies = threadBox.querySelector(`[data-replies="${item.parent_id}"]`);
      if (!replies) return null;
      replies.append(li);
    } else {
      const list = entriesList();
      if (!list) return null;
      li.className = "thread__entry";
      li.dataset.threadId = item.id;
      const replies = document.createElement("ol");
      replies.className = "comment-replies";
      replies.dataset.replies = item.id;
      li.append(replies);
      const sort = (threadBox.querySelector(".thread") || {}).dataset?.sort || "newest";
      if (sort === "newest" || own) list.prepend(li); else list.append(li);
      const empty = threadBox.querySelector("[data-empty]");
      if (empty) empty.remove();
    }
    return node;
  };
  const showNew = () => {
    const shown = pending.map((item) => insert(item)).filter(Boolean);
    pending = [];
    newButtonUpdate();
    if (shown.length) shown[0].setAttribute("tabindex", "-1"), shown[0].focus();
  };

  // --- Forms --------------------------------------------------------------------------------------
  const feedbackShow = (form, html, message) => {
    const box = form.querySelector("[data-feedback]");
    if (!box) { announce(message); return; }
    box.replaceChildren(html ? parse(html) : document.createTextNode(""));
    if (!html && message) {
      const p = document.createElement("p");
      p.className = "comment-feedback comment-feedback--ok";
      p.setAttribute("role", "status");
      p.textContent = message;
      box.append(p);
    }
    if (html) box.focus();
  };
  const submitCommentForm = async (form, submitter) => {
    const data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    const button = form.querySelector("[data-submit]");
    if (button) button.disabled = true; // a double click posts once (the key does too)
    try {
      const response = await request(form.action, {
        method: "POST", body: data, headers: { Accept: "application/json" },
      });
      const answer = await json(response);
      if (!answer) { form.submit(); return; }
      if (answer.next_key) form.querySelector("[name=key]").value = answer.next_key;
      const confirm = form.querySelector("[name=confirm]");
      if (confirm) confirm.value = "";
      if (typeof answer.count === "number") counterSet(answer.count);
      if (answer.outcome === "published" || answer.outcome === "held") {
        form.querySelector("textarea").value = "";
        feedbackShow(form, "", answer.message);
        const node = insert(
          { id: answer.comment_id, parent_id: answer.parent_id, html: answer.comment_html },
          { own: true },
        );
        latestId = Math.max(latestId, answer.comment_id);
        if (form.closest("[data-inline-reply]")) form.closest("[data-inline-reply]").remove();
        if (node) { node.setAttribute("tabindex", "-1"); node.focus(); }
        announce(answer.message);
      } else {
        feedbackShow(form, answer.feedback_html, answer.message);
      }
    } catch {
      form.submit();
    } finally {
      if (button) button.disabled = false;
    }
  };
  const submitAction = async (form) => {
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const response = await request(form.action, {
      method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
    });
    const answer = await json(response);
    if (!answer) { form.submit(); return; }
    const comment = form.closest("[data-comment-id]");
    const action = form.dataset.action;
    if (answer.outcome !== "ok") { announce(answer.message); return; }
    if (action === "like") {
      const button = form.querySelector("button");
      const liked = answer.liked;
      button.setAttribute("aria-pressed", liked ? "true" : "false");
      form.querySelector("[data-like-count]").textContent = answer.like_count;
      let undo = form.querySelector("[name=undo]");
      if (liked && !undo) {
        undo = document.createElement("input");
        Object.assign(undo, { type: "hidden", name: "undo", value: "1" });
        form.append(undo);
      } else if (!liked && undo) undo.remove();
    } else if (action === "delete" || action === "feature") {
      threadLoad(threadUrl());
    } else if (action === "mute") {
      section.querySelectorAll("[data-comment-id]").forEach((node) => {
        const mutedForm = node.querySelector(`[data-muted-id="${form.dataset.mutedId}"]`);
        if (mutedForm) node.closest("li").remove();
      });
    }
    if (comment && comment.isConnected) comment.querySelector("details")?.removeAttribute("open");
    announce(answer.message);
  };
  const inlineForm = async (url, comment, attribute) => {
    const response = await request(`${url}?partial=1`, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.setAttribute(attribute, "");
    holder.append(parse(await response.text()));
    comment.querySelector("[data-comment-notice]")?.remove();
    comment.querySelector("details")?.removeAttribute("open");
    comment.append(holder);
    holder.querySelector("textarea, select")?.focus();
  };
  const submitInline = async (form, submitter) => {
    const data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    const response = await request(form.action, {
      method: "POST", body: data, headers: { Accept: "application/json" },
    });
    const answer = await json(response);
    if (!answer) { form.submit(); return; }
    const holder = form.parentElement;
    if (answer.form_html) {
      holder.replaceChildren(parse(answer.form_html));
      holder.querySelector("[data-feedback]")?.focus();
      return;
    }
    const comment = form.closest("[data-comment-id]");
    if (answer.comment_html && comment) {
      const replacement = parse(answer.comment_html).firstElementChild;
      comment.replaceWith(replacement);
      replacement.setAttribute("tabindex", "-1");
      replacement.focus();
    } else {
      holder.remove();
      // Shown where the member acted: the live region alone is invisible (a report's thanks).
      if (answer.message && comment) { notice(comment, answer.message); return; }
    }
    announce(answer.message);
  };
  const notice = (comment, text) => {
    const note = document.createElement("p");
    note.className = "comment-feedback comment-feedback--ok";
    note.setAttribute("role", "status");
    note.setAttribute("data-comment-notice", "");
    note.tabIndex = -1;
    note.textContent = text;
    comment.append(note);
    note.focus();
  };
  const replyOpen = (link) => {
    const comment = link.closest("[data-comment-id]");
    const open = comment.querySelector("[data-inline-reply]");
    if (open) { open.querySelector("textarea").focus(); return; }
    const main = section.querySelector("[data-comment-form]");
    if (!main) { location.href = link.href; return; }
    const form = main.cloneNode(true);
    form.querySelector("[name=parent]").value = link.dataset.reply;
    form.querySelector("[name=key]").value = crypto.randomUUID
      ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
    form.querySelector("[data-feedback]").replaceChildren();
    // The copy gets ids of its own: the main form's would be on the page twice.
    form.querySelectorAll(".field-error").forEach((node) => node.remove());
    const help = form.querySelector(".comment-form__help[id]");
    if (help) help.id = `reply-standards-${link.dataset.reply}`;
    const textarea = form.querySelector("textarea");
    textarea.value = "";
    textarea.id = `reply-body-${link.dataset.reply}`;
    textarea.removeAttribute("aria-invalid");
    if (help) textarea.setAttribute("aria-describedby", help.id);
    const label = form.querySelector("label");
    label.htmlFor = textarea.id;
    label.textContent = link.textContent + (link.dataset.replyName ? ` · ${link.dataset.replyName}` : "");
    const holder = document.createElement("div");
    holder.setAttribute("data-inline-reply", "");
    holder.append(form);
    comment.after(holder);
    textarea.focus();
  };
  const threadUrl = () => {
    const thread = threadBox.querySelector(".thread");
    const sort = thread ? thread.dataset.sort : "newest";
    return `${section.dataset.threadUrl || location.pathname}?sort=${sort}`;
  };

  section.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-comment-form]")) {
      event.preventDefault();
      submitCommentForm(form, event.submitter);
    } else if (form.matches("[data-edit-form], [data-report-form]")) {
      event.preventDefault();
      submitInline(form, event.submitter);
    } else if (form.matches("[data-action]")) {
      event.preventDefault();
      submitAction(form);
    }
  });
  section.addEventListener("click", (event) => {
    const link = event.target.closest("a, button");
    if (!link || !section.contains(link)) return;
    const comment = link.closest("[data-comment-id]");
    if (link.matches("[data-more-comments]")) {
      event.preventDefault(); moreComments(link);
    } else if (link.matches("[data-more-replies]")) {
      event.preventDefault(); moreReplies(link);
    } else if (link.matches("[data-sort-link]") && section.dataset.threadUrl) {
      event.preventDefault();
      threadLoad(`${section.dataset.threadUrl}?sort=${link.dataset.sortLink}`);
    } else if (link.matches("[data-show-new]")) {
      showNew();
    } else if (link.matches("[data-reply]")) {
      event.preventDefault(); replyOpen(link);
    } else if (link.matches("[data-edit]") && comment) {
      event.preventDefault(); inlineForm(link.href, comment, "data-inline-edit");
    } else if (link.matches("[data-report]") && comment) {
      event.preventDefault(); inlineForm(link.href, comment, "data-inline-report");
    } else if (link.matches("[data-cancel]") && link.closest("[data-inline-edit], [data-inline-report], [data-inline-reply]")) {
      event.preventDefault();
      link.closest("[data-inline-edit], [data-inline-report], [data-inline-reply]").remove();
    }
  });

  // --- Start ----------------------------------------------------------------------------------------
  if (threadBox.hasAttribute("data-loaded")) {
    threadReady();
  } else if (section.dataset.threadUrl) {
    const start = () => threadLoad(section.dataset.threadUrl);
    if (location.hash.startsWith("#comment") || !("IntersectionObserver" in window)) {
      start();
    } else {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); start(); }
      }, { rootMargin: "800px 0px" });
      observer.observe(section);
    }
  }
})();
