/*
 * cli_mpi.h: `mpirun xposim sweep ...` spreads a sweep's points over MPI ranks.
 * Each rank runs one shard of the points (rank r of N takes shard r of N, or
 * of the user's --shard, split N ways) into the same directory, which must
 * be on a file system all ranks share; rank 0 then merges results.csv. The
 * ranks exchange nothing but the exit code: the shards and `merge` already
 * give the single-process bytes.
 *
 * Built only when CMake finds MPI (XPOSIM_HAVE_MPI): then MPI is a module
 * (xposim-mpi.so) loaded only under a launcher. Elsewhere, and when the
 * program was not started by an MPI launcher, there is one rank.
 */
#ifndef XPOSIM_CLI_MPI_H
#define XPOSIM_CLI_MPI_H

/* Start MPI if built with it and launched by mpirun/mpiexec (their
 * environment says so); sets *rank and *size (0 and 1 otherwise). -1 (with
 * the reason on stderr) if launched but the MPI module cannot be loaded:
 * each rank would otherwise run the whole sweep into one directory. */
int cli_mpi_init(int *argc, char ***argv, int *rank, int *size);

/* What the MPI module gives (CLI_MPI_ENTRY). */
typedef struct cli_mpi_ops {
  int (*init)(int *argc, char ***argv, int *rank, int *size); /* 0, or -1: MPI did not start */
  int (*max)(int rc);
  void (*finalize)(void);
} cli_mpi_ops;
#define CLI_MPI_MODULE "xposim-mpi.so"
#define CLI_MPI_ENTRY "xposim_mpi_ops"
/* The largest rc over the ranks (an exit code: every rank returns it). */
int cli_mpi_max(int rc);
/* Close MPI if it was started. */
void cli_mpi_finalize(void);

#endif
