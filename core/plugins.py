"""The plugin manager: discovers plugins through the ``referral_hub`` entry-point
group, checks them, and fails fast with the plugin's name when one is broken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

import pluggy

from core import hookspecs, routing
from core.hookspecs import PROJECT
from core.inbound import mapping as inbound_mapping

if TYPE_CHECKING:
    from core.catalogue.registry import Catalogue

ENTRY_POINT_GROUP = "referral_hub"


class PluginError(RuntimeError):
    """A plugin cannot be loaded; the application must not start."""


def make_plugin_manager(
    disabled: Iterable[str] = (), extra: Iterable[tuple[str, object]] = ()
) -> pluggy.PluginManager:
    """Build a plugin manager with the core defaults, every enabled entry-point
    plugin and any ``extra`` (name, plugin) pairs (used by tests and embedders)."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(routing, name="core.routing")
    pm.register(inbound_mapping, name="core.inbound")
    disabled = set(disabled)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in disabled:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(f"Plugin {ep.name!r} failed to import: {exc}") from exc
        _register(pm, ep.name, plugin)
    for name, plugin in extra:
        _register(pm, name, plugin)
    return pm


def _register(pm: pluggy.PluginManager, name: str, plugin: object) -> None:
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(f"Plugin {name!r} cannot be registered: {exc}") from exc


def plugin_names(pm: pluggy.PluginManager) -> list[str]:
    """The registered plugins, core defaults left out."""
    return sorted(n for n, _ in pm.list_name_plugin() if n and not n.startswith("core."))


@dataclass(frozen=True)
class PluginInfo:
    """One plugin as ``referral-hub plugins list`` and the admin page show it."""

    name: str
    enabled: bool
    kinds: tuple[str, ...]  # institution kind codes it contributes
    services: tuple[str, ...]  # full service codes it contributes


def plugin_overview(pm: pluggy.PluginManager, catalogue: Catalogue) -> list[PluginInfo]:
    """Every plugin found (installed or registered), enabled or not, with what it
    contributes to the catalogue; a disabled plugin contributes nothing."""
    enabled = set(plugin_names(pm))
    found = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)} | enabled)

    def owned(name: str, codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(c for c in codes if catalogue.owners.get(c) == name))

    return [
        PluginInfo(
            name=name,
            enabled=name in enabled,
            kinds=owned(name, catalogue.kinds),
            services=owned(name, catalogue.services),
        )
        for name in found
    ]
