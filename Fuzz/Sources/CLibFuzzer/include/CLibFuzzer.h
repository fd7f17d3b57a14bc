// libFuzzer's driver, callable from Swift: SwiftPM renames each executable's `main` to
// `<Target>_main`, so the targets start libFuzzer themselves instead of using libFuzzer's main.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
