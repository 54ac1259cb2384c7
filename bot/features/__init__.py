"""The product, one package a feature: each has its cog's logic, service, render and texts."""
