"""One endpoint per command of the scenario vocabulary: POST /v1/customers/{id}/{do} with the
event's fields plus `date`; the answer is the command's notices. The request is turned into the
typed command by services.commands.from_event and run by services.handlers.execute."""

# no `from __future__ import annotations`: the endpoints are made in a loop and FastAPI reads
# their parameter types from the signature itself

from fastapi import APIRouter

from kontor.entrypoints.api.convert import notice_json
from kontor.entrypoints.api.deps import CustomerId, Key, Lang, Run, operator
from kontor.entrypoints.api.problems import problem_responses
from kontor.entrypoints.api.requests import COMMANDS, Event
from kontor.entrypoints.api.schemas import CommandOut
from kontor.services.commands import from_event
from kontor.services.handlers import execute

router = APIRouter(tags=["commands"])


AGENT_COMMANDS = {  # what the order workflow, an agent or marketing does, not a customer
    "device_plan", "link_device_plan", "delete_order", "invite"}


def agents_only(do: str, values: dict) -> bool:
    """Whether only an operator key may send this command: an agent's command, an override
    of a rule (it names an agent and a ticket), an immediate cancellation (offers.md §3: "an
    agent may cancel immediately")."""
    return (do in AGENT_COMMANDS or values.get("override") is not None
            or (do == "cancel" and values.get("mode") == "immediate"))


def _endpoint(do: str, model: type[Event]):
    def run(body: model, customer_id: CustomerId, key: Key, run: Run,  # type: ignore[valid-type]
            lang: Lang) -> CommandOut:
        values = body.model_dump(exclude={"date"}, exclude_unset=True)
        if agents_only(do, values):
            operator(key)
        command = from_event(body.date, do, values)
        fx = run(lambda uow: execute(uow, customer_id, command))
        return CommandOut.model_validate(
            {"notices": [notice_json(n, lang) for n in fx.notices]})

    run.__name__ = f"command_{do}"
    run.__doc__ = f"The `{do}` command (shared/spec/scenarios.md) for one customer."
    return run


for _do, _model in COMMANDS.items():
    router.add_api_route(
        f"/customers/{{customer_id}}/{_do}", _endpoint(_do, _model), methods=["POST"],
        response_model=CommandOut, summary=_do.replace("_", " "),
        operation_id=f"command_{_do}", responses=problem_responses(401, 403, 404, 409, 422))
