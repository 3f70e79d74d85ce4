"""Rasa side of Huurwijzer: custom NLU components, channel connectors, tooling."""
