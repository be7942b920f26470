import os

os.environ.setdefault("DAIHOI_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
