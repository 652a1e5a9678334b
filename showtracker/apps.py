"""The admin app with the editors' workbench as its default site."""

import importlib

from django.contrib.admin.apps import AdminConfig


class WorkbenchAdminConfig(AdminConfig):
    """django.contrib.admin, whose `admin.site` is `series.admin.workbench.WorkbenchAdminSite`."""

    default_site = "series.admin.workbench.WorkbenchAdminSite"

    def ready(self):
        # The site's class lives in the package that registers the series admins on
        # import. Import that package first, so the first use of `admin.site` comes
        # from inside it and builds the site once; autodiscovery starting with another
        # app would build it twice and keep the copy without the registrations.
        importlib.import_module("series.admin")
        super().ready()
