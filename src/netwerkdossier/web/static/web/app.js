// Move focus to the error summary after a refused submit (GOV.UK / NL Design pattern).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("foutenoverzicht");
  if (summary) summary.focus();
});
