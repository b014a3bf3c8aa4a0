"""The official OpenAI SDK talking to the gateway: only base_url and api_key change.

Run the gateway (``make serve-gateway``) and, for iris, the REST service
(``make serve-fastapi_rest``), then: ``python -m services.gateway.client``
"""

from __future__ import annotations

import argparse

from openai import OpenAI

from .settings import DEMO_KEY


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8080/v1")
    parser.add_argument("--api-key", default=DEMO_KEY)
    args = parser.parse_args(argv)
    client = OpenAI(base_url=args.base_url, api_key=args.api_key)

    print("models:", [model.id for model in client.models.list()])

    question = [{"role": "user", "content": "Explain the model in one sentence"}]
    answer = client.chat.completions.create(model="apilab-markov", messages=question, seed=1)
    print("completion:", answer.choices[0].message.content, answer.usage)

    print("stream:", end="", flush=True)
    stream = client.chat.completions.create(
        model="apilab-markov", messages=question, max_tokens=16, stream=True
    )
    for chunk in stream:
        print(chunk.choices[0].delta.content or "", end="", flush=True)
    print()

    vectors = client.embeddings.create(model="apilab-hash-embedding", input=["iris", "tokens"])
    print("embeddings:", [len(item.embedding) for item in vectors.data])

    flower = [{"role": "user", "content": "5.1, 3.5, 1.4, 0.2"}]
    iris = client.chat.completions.create(model="iris-classifier", messages=flower)
    print("iris (through the REST service):", iris.choices[0].message.content)


if __name__ == "__main__":
    main()
