// Live preview and lint messages while an answer is edited; training progress on the admin page.
"use strict";
(function () {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const form = document.getElementById("bewerk");
  if (form) {
    let timer = null;
    const update = async function () {
      const body = {
        id: form.dataset.id, owner: form.dataset.owner, last_reviewed: form.dataset.reviewed, status: "draft",
        title: form.titel.value, topic: form.onderwerp.value, questions: form.vragen.value, answer: form.antwoord.value,
        sources: form.bronnen ? form.bronnen.value : undefined,
        title_en: form.titel_en ? form.titel_en.value : "",
        klopt_nog_title_en: form.klopt_nog_title_en ? form.klopt_nog_title_en.checked : false,
        answer_en: form.antwoord_en ? form.antwoord_en.value : "",
        klopt_nog_answer_en: form.klopt_nog_answer_en ? form.klopt_nog_answer_en.checked : false,
      };
      const response = await fetch("/api/voorbeeld", {
        method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": token }, body: JSON.stringify(body),
      });
      if (!response.ok) { return; }
      const data = await response.json();
      document.getElementById("voorbeeld").textContent = data.voorbeeld;
      const list = document.getElementById("meldingen");
      list.replaceChildren();
      // Errors block offering for review; warnings (an outdated English text) do not.
      const warnings = data.waarschuwingen || [];
      const items = data.meldingen.map(function (t) { return [t, "fout"]; })
        .concat(warnings.map(function (t) { return [t, "waarschuwing"]; }));
      if (!items.length) { items.push(["Geen problemen gevonden.", "goed"]); }
      for (const [text, kind] of items) {
        const li = document.createElement("li");
        li.textContent = text;
        li.className = kind;
        list.appendChild(li);
      }
    };
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 300); });
  }
  const training = document.getElementById("training");
  if (training && document.getElementById("tr-status")) {
    const poll = async function () {
      const response = await fetch(training.dataset.url);
      if (!response.ok) { return; }
      const data = await response.json();
      document.getElementById("tr-status").textContent = data.status;
      document.getElementById("tr-voortgang").value = data.procent;
      const list = document.getElementById("tr-stappen");
      list.replaceChildren(...data.stappen.map(function (s) { const li = document.createElement("li"); li.textContent = s; return li; }));
      document.getElementById("tr-uitkomst").textContent = data.uitkomst;
      document.getElementById("tr-assistent").textContent = data.assistent_tekst;
      // After the training, keep asking until the assistant runs the new model.
      if (data.status === "bezig" || data.assistent === "laden") {
        setTimeout(poll, 1000);
      }
    };
    poll();
  }
})();
