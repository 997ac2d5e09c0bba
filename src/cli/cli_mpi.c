/* cli_mpi.c: see cli_mpi.h. MPI itself is in a module (mpi_module.c),
 * loaded only under an MPI launcher. */
#include "cli_mpi.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/module.h"

static const cli_mpi_ops *mpi; /* the module's, once started */

/* Open MPI, MPICH/Hydra and PMIx launchers each set one of these. */
static int launched(void) {
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    if (getenv(vars[i])) return 1;
  return 0;
}

int cli_mpi_init(int *argc, char ***argv, int *rank, int *size) {
  *rank = 0;
  *size = 1;
#ifdef XPOSIM_HAVE_MPI
  if (!launched()) return 0;
  char why[700];
  const cli_mpi_ops *ops = module_entry(CLI_MPI_MODULE, CLI_MPI_ENTRY, why, sizeof why);
  if (!ops) {
    fprintf(stderr, "xposim: started by an MPI launcher, but %s\n", why);
    return -1;
  }
  if (ops->init(argc, argv, rank, size)) return 0; /* MPI would not start: one rank, as without a launcher */
  mpi = ops;
#else
  (void)argc;
  (void)argv;
  (void)launched;
#endif
  return 0;
}

int cli_mpi_max(int rc) { return mpi ? mpi->max(rc) : rc; }

void cli_mpi_finalize(void) {
  if (mpi) mpi->finalize();
  mpi = NULL;
}
