// "Afdrukken" buttons of the plan for children: the browser's own print dialog.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
