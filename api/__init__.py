"""The REST API (v1) for other government systems: read the road map's data, write a unit's realisasi."""
