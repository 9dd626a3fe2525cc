from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_not_required
@csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    """Browsable docs: Swagger UI from npm, served as our own static file."""
    return render(request, "api/docs.html")
