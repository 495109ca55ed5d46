// The meeting report's "Print" button: shown and wired only when scripts run,
// so that without JavaScript the page offers the browser's print command alone.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
