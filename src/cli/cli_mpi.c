/* cli_mpi.c: see cli_mpi.h. */
#include "cli_mpi.h"

#include <stdlib.h>

#ifdef XPOSIM_HAVE_MPI
#include <mpi.h>

static int started;

/* Open MPI, MPICH/Hydra and PMIx launchers each set one of these. */
static int launched(void) {
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    if (getenv(vars[i])) return 1;
  return 0;
}

void cli_mpi_init(int *argc, char ***argv, int *rank, int *size) {
  *rank = 0;
  *size = 1;
  if (!launched() || MPI_Init(argc, argv) != MPI_SUCCESS) return;
  started = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
}

int cli_mpi_max(int rc) {
  if (!started) return rc;
  int all = rc;
  MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return all;
}

void cli_mpi_finalize(void) {
  if (started) MPI_Finalize();
  started = 0;
}

#else

void cli_mpi_init(int *argc, char ***argv, int *rank, int *size) {
  (void)argc;
  (void)argv;
  *rank = 0;
  *size = 1;
}

int cli_mpi_max(int rc) { return rc; }

void cli_mpi_finalize(void) {}

#endif
