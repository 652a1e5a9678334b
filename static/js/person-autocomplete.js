// The person box of a cast or crew row: searches people as Django's autocomplete does,
// and offers the name typed as a new person, sent as "new:<name>" and created with the
// credit on save (series/admin/forms.py PersonOrNewNameField). The offer comes last, so
// Enter picks an existing person of that name before it creates a second one.
"use strict";
{
  const $ = django.jQuery;

  function setUp(element) {
    const prefix = element.dataset.newPrefix;
    $(element).select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      tags: true,
      createTag: (params) => {
        const name = params.term.trim().replace(/\s+/g, " ");
        return name ? { id: prefix + name, text: `${name} (new person)`, newTag: true } : null;
      },
      insertTag: (results, tag) => {
        results.push(tag);
      },
    });
  }

  $(() => {
    // Not the hidden template row that "Add another" copies.
    $("select.person-or-new").not("[name*=__prefix__]").each((index, element) => setUp(element));
  });
  document.addEventListener("formset:added", (event) => {
    // A row added for a credit is for its person: the search opens, ready for typing.
    $(event.target)
      .find("select.person-or-new")
      .each((index, element) => {
        setUp(element);
        $(element).select2("open");
      });
  });
}
