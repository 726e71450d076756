"""easyread: long Welsh joint inspection reports made into bilingual easy-read handouts (see README.md)."""
