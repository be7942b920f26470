from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("daihoi.stats.urls")),
    path("accounts/", include("daihoi.accounts.urls")),
    path("units/", include("daihoi.units.urls")),
    path("congresses/", include("daihoi.campaigns.urls")),
    path("elections/", include("daihoi.elections.urls")),
    path("workbooks/", include("daihoi.workbooks.urls")),
    path("scans/", include("daihoi.scans.urls")),
    path("api/v1/", include("daihoi.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
