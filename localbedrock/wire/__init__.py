"""The wire layer: turns Bedrock API requests (as moto parses them from botocore's service models) into domain
requests, and domain results and errors into API responses. Only :mod:`localbedrock.activation` imports it."""
