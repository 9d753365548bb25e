// faultline: a deterministic distributed-systems simulator and test harness. The stock
// binary runs the built-in models; a binary of your own adds models to them with
// FAULTLINE_MAIN(YourRegisterFunction) (cli/faultline_main.h).
#include "cli/faultline_main.h"

FAULTLINE_MAIN(nullptr)
