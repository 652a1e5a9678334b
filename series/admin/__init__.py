"""The editors' site: every fact editable where an editor expects to find it.

`records` registers a ModelAdmin per model on `admin.site` (the workbench site,
`workbench.WorkbenchAdminSite`); `base` holds what they share, `forms` the fuzzy-date
and decision forms, `workbench` and `worklist` the editors' own pages, `imports` bulk
data, `changelists` the date links that stay cheap at 50,000 shows.
"""

from . import records  # noqa: F401  (registers the ModelAdmins when Django autodiscovers)
