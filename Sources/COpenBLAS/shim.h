/* OpenBLAS's CBLAS interface, plus its thread controls. */
#include <cblas.h>
