"""Static token embeddings shipped with localbedrock: potion-base-8M (Model2Vec, MIT), retrofitted to WordNet 3.0
synonyms, quantised to 5 bits.

See NOTICE in this folder for the licence and provenance, and scripts/build_static_embeddings.py for how the file
is rebuilt from its source.
"""

from localbedrock.static_embeddings.model import StaticModel, shared_model

__all__ = ["StaticModel", "shared_model"]
