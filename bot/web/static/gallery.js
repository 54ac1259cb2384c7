// Enhancements only: every page works without this file.
// One song at a time; a play is counted once per page view; the next song plays after one ends.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="csrf"]');
  const players = Array.from(document.querySelectorAll("audio[data-played]"));
  const counted = new Set();
  players.forEach(function (player, index) {
    player.addEventListener("play", function () {
      players.forEach(function (other) { if (other !== player) { other.pause(); } });
      const url = player.dataset.played;
      if (!token || counted.has(url)) { return; }
      counted.add(url);
      const body = new URLSearchParams({ csrf: token.content });
      fetch(url, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
    });
    player.addEventListener("ended", function () {
      const next = players.slice(index + 1).find(function (p) { return p.closest(".card") !== player.closest(".card"); });
      if (next) { next.play().catch(function () {}); }
    });
  });
})();
