"""How the desk is stored: the sealing mapper, the transcodings, snapshots, and notices
after each commit (automatic checkpoints)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProjectorFunction, project_aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, Recording
from eventsourcing.utils import get_topic, resolve_topic

from application.damage import checked_projection
from application.memo import unpin
from application.ports import CommitObserver, DataKeys, StoredRecordDamaged
from application.transcodings import register_domain_transcodings


class StoredApplication(Application[UUID]):
    keys: DataKeys
    commit_observers: list[CommitObserver]

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper named by MAPPER_TOPIC, given the data keys (it seals sensitive fields)."""
        mapper_class = resolve_topic(self.env.get("MAPPER_TOPIC") or get_topic(Mapper))
        if mapper_class is Mapper:
            return Mapper(transcoder=self.construct_transcoder())
        mapper: Mapper[UUID] = mapper_class(transcoder=self.construct_transcoder(), keys=self.keys)
        return mapper

    def take_snapshot(
        self,
        aggregate_id: UUID,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
    ) -> None:
        """No snapshot of an erased review: there is no key left to seal it with."""
        del projector_func  # every load of the desk names the damage it meets
        try:
            review = self.repository.get(
                aggregate_id, version=version, projector_func=checked_projection
            )
            if not getattr(review, "erased", False):
                super().take_snapshot(aggregate_id, version, checked_projection)
        except StoredRecordDamaged:
            # A snapshot only saves replay time: a stream that does not read back gets
            # none, and the write it follows stands.
            return

    def observe_commits(self, observer: CommitObserver) -> None:
        """Tell ``observer`` after every commit of new events (automatic checkpoints)."""
        self.commit_observers.append(observer)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        unpin()  # after every commit: the next list reads the generation again
        if recordings:
            position = max(r.notification.id for r in recordings)
            for observer in self.commit_observers:
                observer.committed(position)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)
