// Form 04 on the case page: "Add a row" adds an empty service row in place (without JavaScript
// the button sends the form back with one more row).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".add-service-row");
  if (!button) return;
  var rows = button.closest(".service-rows");
  var total = rows.querySelector('input[name$="-TOTAL_FORMS"]');
  var template = rows.querySelector("template.service-row-template");
  if (!total || !template) return;
  event.preventDefault();
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__n__/g, String(index + 1));
  rows.querySelector(".service-row-list").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var added = rows.querySelectorAll(".service-row-list .service-row");
  var first = added[added.length - 1].querySelector("input");
  if (first) first.focus();
});
