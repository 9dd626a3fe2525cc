"""Routes of the casusoverleg: agenda (casusoverleg/views_agenda.py)."""

from django.urls import URLPattern, path

from casusoverleg import views_agenda as views

ITEM = "<uuid:uuid>/agenda/<int:item_id>/"

urlpatterns: list[URLPattern] = [
    path("<uuid:uuid>/agenda/", views.agenda_view, name="agenda"),
    path("<uuid:uuid>/agenda/opbouwen/", views.build_view, name="agenda-build"),
    path(
        "<uuid:uuid>/agenda/opbouw/",
        views.build_status_view,
        name="agenda-build-status",
    ),
    path("<uuid:uuid>/agenda/volgorde/", views.order_view, name="agenda-order"),
    path("<uuid:uuid>/agenda/toevoegen/", views.add_view, name="agenda-add"),
    path(ITEM, views.item_view, name="agenda-item"),
    path(f"{ITEM}verplaatsen/", views.move_view, name="agenda-item-move"),
    path(f"{ITEM}accepteren/", views.accept_view, name="agenda-item-accept"),
    path(f"{ITEM}verwijderen/", views.remove_view, name="agenda-item-remove"),
    path(f"{ITEM}duur/", views.duration_view, name="agenda-item-duration"),
    path(f"{ITEM}uitnodigen/", views.invite_view, name="agenda-item-invite"),
    path(
        f"{ITEM}uitnodiging/<int:invitation_id>/intrekken/",
        views.invitation_withdraw_view,
        name="agenda-item-invitation-withdraw",
    ),
]
