// The callback queue with the keyboard: 1 solved, 2 not solved (type the
// comment, then Ctrl+Enter), 3 no answer, 4 refused, J/K next/previous ticket.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT");
  if (typing) {
    if (target.id === "comment" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      target.form.requestSubmit();
    } else if (event.key === "Escape") {
      target.blur();
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var element = document.querySelector('[data-key="' + event.key.toLowerCase() + '"]');
  if (!element) {
    return;
  }
  event.preventDefault();
  if (element.tagName === "TEXTAREA") {
    element.focus();
  } else {
    element.click();
  }
});
