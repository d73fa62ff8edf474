"""A mapper that seals exactly the sensitive fields of each event (and whole snapshot states)
under the stream's review data key, with the key's suite (AES-256-GCM or SM4-GCM); each
sealed field names its suite.

Associated data binds every ciphertext to its stream id, event version, topic and field
name: a ciphertext copied into another stream, version or field fails to open, and the
failure is reported, never shown. Fields of an erased review read back as the domain's
"erased" marker. Non-sensitive metadata stays in clear for indexes and dashboards.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic

from application.ports import StoredRecordDamaged
from domain.values import erased_value
from infrastructure.crypto import suite
from infrastructure.crypto.keystore import DataKey, DataKeyStore, Erased

SEALED = "__sealed__"


class TamperedCiphertext(StoredRecordDamaged):
    """A sealed field failed to open: it was altered or moved from where it was sealed."""


class UnreadableRecord(StoredRecordDamaged):
    """A stored record is not what fupan writes: garbled JSON, an unknown topic, a field
    of the wrong shape."""


class FieldCipherMapper(Mapper[UUID]):
    def __init__(self, transcoder: Transcoder, keys: DataKeyStore) -> None:
        super().__init__(transcoder=transcoder)
        self.keys = keys

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(type(domain_event))
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        fields = sensitive_fields(type(domain_event))
        if fields:
            key = self.keys.key_for(originator_id)
            if isinstance(key, Erased):
                raise TamperedCiphertext(
                    f"review {key.review_id} is erased; nothing to seal",
                    stream=str(originator_id),
                    version=version,
                )
            for name in fields:
                plain = self.transcoder.encode(state[name])
                aad = _aad(originator_id, version, topic, name)
                sealed = key.suite.seal(key.key, plain, aad)
                state[name] = {SEALED: base64.b64encode(sealed).decode(), "suite": key.suite.name}
        return StoredEvent(
            originator_id=originator_id,
            originator_version=version,
            topic=topic,
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """The stored record as a domain event; a record that does not read back raises
        ``StoredRecordDamaged`` naming where it is, whatever went wrong."""
        try:
            return self._to_domain_event(stored_event)
        except StoredRecordDamaged:
            raise
        except Exception as e:
            raise UnreadableRecord(
                f"the stored record does not read back ({type(e).__name__}: {str(e)[:160]})",
                stream=str(stored_event.originator_id),
                version=stored_event.originator_version,
                problem="snapshot_tampered" if _is_snapshot(stored_event) else "",
            ) from e

    def _to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        state: dict[str, Any] = self.transcoder.decode(stored_event.state)
        originator_id = stored_event.originator_id
        version = stored_event.originator_version
        sealed = [name for name, value in state.items() if _is_sealed(value)]
        if sealed:
            key = self.keys.key_for(_uuid(originator_id))
            for name in sealed:
                state[name] = self._open(key, cls, state[name], stored_event, name)
        state["originator_id"] = originator_id
        state["originator_version"] = version
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event

    def _open(
        self,
        key: DataKey | Erased,
        cls: type,
        value: dict[str, str],
        stored: StoredEvent,
        name: str,
    ) -> Any:
        if isinstance(key, Erased):
            return erased_value(cls, name)
        aad = _aad(stored.originator_id, stored.originator_version, stored.topic, name)
        try:
            named = suite.by_name(value.get("suite"))
            if named is not key.suite:
                raise suite.CiphertextRejected("the field names another suite than its key's")
            plain = named.open_sealed(key.key, base64.b64decode(value[SEALED], validate=True), aad)
        except (suite.CiphertextRejected, binascii.Error, ValueError, TypeError):
            raise TamperedCiphertext(
                f"field {name!r} of {stored.originator_id} v{stored.originator_version} "
                "does not open: altered, or moved from another place",
                stream=str(stored.originator_id),
                version=stored.originator_version,
                problem="snapshot_tampered" if issubclass(cls, Snapshot) else "",
            ) from None
        return self.transcoder.decode(plain)


def sensitive_fields(cls: type) -> tuple[str, ...]:
    if issubclass(cls, Snapshot):
        return ("state",)
    return tuple(getattr(cls, "sensitive_fields", ()))


def _is_snapshot(stored: StoredEvent) -> bool:
    try:
        return issubclass(resolve_topic(stored.topic), Snapshot)
    except Exception:
        return False


def _is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and SEALED in value


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _aad(originator_id: Any, version: int, topic: str, field: str) -> bytes:
    return "|".join(("fupan-field", str(_uuid(originator_id)), str(version), topic, field)).encode()
