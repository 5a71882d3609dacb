"""A process that sends turns into one session with a fake client (tests/test_store.py runs it to
kill it mid-send, or twice at once). Usage: turn_writer.py DATABASE_URL SESSION_ID NAME N"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import owner  # noqa: E402

from trainer.client.state import ClientState, ClientTurn  # noqa: E402
from trainer.practice import Practice  # noqa: E402
from trainer.store import Store  # noqa: E402


class SlowClient:
    """Answers every reply after a pause (the LLM call), keeping its books in the state."""
    name = "fake"

    def respond(self, scenario, state: ClientState, trainee: str, on_token=None) -> ClientTurn:
        time.sleep(0.01)
        state.turn += 1
        state.trainee.append(trainee)
        state.said.append(f"answer to {trainee}")
        return ClientTurn(text=f"answer to {trainee}", rapport=state.rapport, disclosed=state.turn)


class Library:
    def get(self, scenario_id):
        return None


class Engine:
    def heard(self, line: str) -> None:
        pass


def main(url: str, sid: int, name: str, n: int) -> None:
    store = Store(url)
    practice = Practice(Library(), Engine(), SlowClient(), store).as_(owner(store, sid))  # type: ignore[arg-type]
    sent = 0
    for i in range(n):
        rec = practice.record(sid)
        if practice.send(sid, f"{name} {i}", rec.next_turn) is not None:
            sent += 1
        print(i, flush=True)
    print("sent", sent, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
