"""Huurwijzer action server: thin Rasa SDK actions over a plain domain layer."""
