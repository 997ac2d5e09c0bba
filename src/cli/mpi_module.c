/* mpi_module.c: MPI for `mpirun xposim sweep`, built as its own module
 * (xposim-mpi.so with libmpi) that cli_mpi.c loads only when an MPI
 * launcher started the program: no other run loads libmpi. */
#include <mpi.h>

#include "cli/cli_mpi.h"

static int started;

static int mpi_init(int *argc, char ***argv, int *rank, int *size) {
  *rank = 0;
  *size = 1;
  if (MPI_Init(argc, argv) != MPI_SUCCESS) return -1;
  started = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return 0;
}

static int mpi_max(int rc) {
  if (!started) return rc;
  int all = rc;
  MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return all;
}

static void mpi_finalize(void) {
  if (started) MPI_Finalize();
  started = 0;
}

__attribute__((visibility("default"))) const cli_mpi_ops xposim_mpi_ops = {mpi_init, mpi_max, mpi_finalize};
