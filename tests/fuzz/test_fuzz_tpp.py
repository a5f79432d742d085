"""Schemathesis against the tpp service's OpenAPI: straight to it and through the gateway."""

from tests.fuzz.fuzzing import direct, through_gateway


def test_generated_requests_straight_to_tpp(make_runtime, make_token) -> None:
    direct("tpp", make_runtime, make_token)


def test_generated_requests_through_the_gateway_to_tpp(make_runtime, make_token) -> None:
    through_gateway("tpp", make_runtime, make_token)
