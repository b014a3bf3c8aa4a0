"""The API styles besides OpenAI's: Bedrock (invoke, converse) and Vertex AI (predict)."""
