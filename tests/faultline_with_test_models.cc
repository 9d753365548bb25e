// `faultline` with the test models (tests/test_models.h) added, for end-to-end tests that
// need a model the stock binary lacks: the determinism sentinel's test fuzzes
// test.leaky-gossip, which is nondeterministic on purpose.
#include "cli/faultline_main.h"
#include "tests/test_models.h"

FAULTLINE_MAIN(faultline::testing::RegisterTestModels)
