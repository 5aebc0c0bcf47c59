/* BLIS's CBLAS interface (Debian's libblis-pthread-dev), plus its thread and architecture queries. */
#include <blis-pthread/cblas.h>
void bli_thread_set_num_threads(long n);
int bli_arch_query_id(void);
const char *bli_arch_string(int id);
