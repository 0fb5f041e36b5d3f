// hub.choosers.CentresWidget in a large network: "Chọn thêm trung tâm" opens the centre chooser
// (several at once) and adds a ticked box for each centre chosen that is not listed yet.
(function () {
  "use strict";

  function addBox(widget, list, centre) {
    const name = widget.dataset.name;
    if (widget.querySelector(`input[name="${name}"][value="${centre.id}"]`)) {
      widget.querySelector(`input[name="${name}"][value="${centre.id}"]`).checked = true;
      return;
    }
    const row = document.createElement("div");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = centre.id;
    box.checked = true;
    label.append(box, " ", centre.title);
    row.append(label);
    list.append(row);
  }

  function init(widget) {
    const list = widget.querySelector("div") || widget;
    const empty = widget.querySelector("[data-centres-widget-empty]");
    widget.querySelector("[data-centres-widget-open]").addEventListener("click", () => {
      window.ModalWorkflow({
        url: widget.dataset.chooserUrl,
        urlParams: { multiple: 1 },
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          chosen: (result) => {
            (Array.isArray(result) ? result : [result]).forEach((centre) =>
              addBox(widget, list, centre),
            );
            if (empty) empty.hidden = true;
          },
        },
      });
    });
  }

  function initAll() {
    document.querySelectorAll("[data-centres-widget]").forEach((widget) => {
      if (!widget.dataset.centresWidgetReady) {
        widget.dataset.centresWidgetReady = "1";
        init(widget);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
