// The inbox's "select all" box: shown and wired only when scripts run; without
// JavaScript each row's box is ticked on its own.
document.querySelectorAll("[data-select-all]").forEach(function (label) {
  var box = label.querySelector("input");
  var form = label.closest("form");
  var rows = form.querySelectorAll('input[type="checkbox"][name="referral"]');
  label.hidden = false;
  box.addEventListener("change", function () {
    rows.forEach(function (row) {
      row.checked = box.checked;
    });
  });
});
