// Package entry "inference-platform/testing": mocks for unit tests of stacks built from these components.
export { platformMocks, type PlatformMocksOptions, MOCK_ACCOUNT } from "./mocks";
