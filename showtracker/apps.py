"""The admin app with the editors' workbench as its default site."""

from django.contrib.admin.apps import AdminConfig


class WorkbenchAdminConfig(AdminConfig):
    """django.contrib.admin, whose `admin.site` is `series.admin_workbench.WorkbenchAdminSite`."""

    default_site = "series.admin_workbench.WorkbenchAdminSite"
