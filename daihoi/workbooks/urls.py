from django.urls import path

from daihoi.workbooks import views

app_name = "workbooks"

urlpatterns = [
    path("import/", views.import_workbook, name="import"),
    path("export/", views.export, name="export"),
    path("template.xlsx", views.template, name="template"),
]
