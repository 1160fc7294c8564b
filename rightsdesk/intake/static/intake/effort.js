/* Admission by effort on the report form (rightsdesk.intake.effort; docs/security/effort.md).

   While the person fills the form, a Web Worker (effort-worker.js) solves the small puzzle the
   page carries and this script writes the nonce and effort into the form's hidden fields. Only
   progressive: with JavaScript off, or without Workers or WebCrypto, nothing changes and the
   form works as before (the report is then admitted by the site-wide budget only). */
"use strict";

(function () {
  const puzzle = document.getElementById("effort-puzzle");
  if (!puzzle || !window.Worker || !window.crypto || !window.crypto.subtle) return;
  const form = puzzle.closest("form");
  const field = (name) => form.querySelector('input[name="' + name + '"]');
  const seed = field("effort_seed");
  const nonce = field("effort_nonce");
  const effort = field("effort");
  const target = parseInt(puzzle.dataset.target, 10);
  if (!seed || !nonce || !effort || !seed.value || !(target > 0)) return;
  if (nonce.value && parseInt(effort.value, 10) >= target) {
    puzzle.dataset.state = "solved"; // carried from the previous step
    return;
  }
  puzzle.dataset.state = "working";
  const worker = new Worker(puzzle.dataset.worker);
  // Send pressed before the work is done: say so, wait for it a little, then send anyway.
  const HOLD_MS = 15000;
  let held = null;
  const release = () => {
    if (!held) return;
    const button = held;
    held = null;
    form.requestSubmit(button);
  };
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (puzzle.dataset.state !== "working" || !button || button.value !== "send") return;
    if (held) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    held = button;
    const note = document.getElementById("effort-wait");
    if (note) note.hidden = false;
    setTimeout(() => {
      puzzle.dataset.state = "late";
      release();
    }, HOLD_MS);
  });
  worker.onmessage = (event) => {
    if (!event.data || !event.data.nonce) return;
    nonce.value = event.data.nonce;
    effort.value = String(event.data.effort);
    puzzle.dataset.state = "solved";
    worker.terminate();
    release();
  };
  worker.onerror = () => {
    puzzle.dataset.state = "failed";
    release();
  };
  worker.postMessage({
    op: "solve",
    seed: seed.value,
    target: target,
    n: parseInt(puzzle.dataset.n, 10),
    r: parseInt(puzzle.dataset.r, 10),
    p: parseInt(puzzle.dataset.p, 10),
    salt: puzzle.dataset.salt,
  });
})();
