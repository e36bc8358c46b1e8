// Debian's libopenblas-dev installs cblas.h through the alternatives system.
#include <cblas.h>

// Not declared in every cblas.h; OpenBLAS exports them.
char *openblas_get_corename(void);
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
