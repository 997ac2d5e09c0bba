/*
 * fec.h: from SNR to what the RS decoder sees.
 *
 *  SER (PAM-M) = 2 (1 - 1/M) Q( sqrt(3 SNR / (M^2 - 1)) ),  BER = SER / log2 M (Gray)
 *
 * Symbol errors on the line follow a two-state chain (DFE error propagation):
 * a PAM symbol errs with probability a after a correct one and b after an
 * erroneous one (b = the burst parameter), with a chosen so the long-run
 * error rate is the SER. An RS symbol of m bits spans ceil(m / log2 M) PAM
 * symbols. The distribution of erroneous RS symbols per codeword is computed
 * exactly by dynamic programming over the codeword; with b = 0 it is the
 * binomial distribution. RS(n, k) with t = (n - k) / 2 corrects up to t
 * symbols; more is an uncorrectable codeword.
 *
 * An optional inner code (Hamming(n_i, k_i)) is applied to bits before the
 * RS decoder. Hard decision, single-error correcting: a block with j >= 2
 * errors leaves about j + 1 (a miscorrection adds one). Soft decision
 * (a Chase decoder using the PAM symbols' reliabilities): anchored at its
 * design point, output = soft_out (p / soft_in)^soft_slope, never above p.
 */
#ifndef XPOSIM_FEC_H
#define XPOSIM_FEC_H

#ifdef __cplusplus
extern "C" {
#endif

#define FEC_T_MAX 64

typedef struct fec_cfg {
  int levels;     /* PAM-M: 4, 6 or 8 */
  int rs_n, rs_k; /* 544, 514 */
  int rs_m;       /* bits per RS symbol: 10 */
  double burst;   /* P(a PAM symbol errs | the previous one erred); 0 = random */
  int inner;      /* FEC_INNER_*: an inner Hamming code, decoded hard or soft */
  int inner_n, inner_k;
  /* soft decision: the output BER is soft_out (p / soft_in)^soft_slope, at
   * most the input's: the decoder's design point and how steeply it falls */
  double soft_in, soft_out, soft_slope;
} fec_cfg_t;

enum { FEC_INNER_OFF = 0, FEC_INNER_HARD = 1, FEC_INNER_SOFT = 2 };

typedef struct fec_dist {
  int t;                   /* correctable symbols */
  double p[FEC_T_MAX + 2]; /* p[k]: k erroneous symbols, k <= t; p[t+1]: more than t */
  double p_fail;           /* = p[t+1] */
  double mean_corrected;   /* E[k; k <= t] per codeword */
  double var_corrected;    /* variance of the corrected count per codeword */
  double ber;              /* pre-FEC BER (after the inner code, if any) */
} fec_dist_t;

double fec_q(double x); /* Gaussian tail Q(x) */
double fec_ser(int levels, double snr_db);
double fec_ber(int levels, double snr_db);
/* Output BER of the inner Hamming(n, k) hard-decision decoder at input BER p. */
double fec_inner_ber(int n, double p);
/* Output BER of the lane's inner decoder (hard or soft) at input BER p. */
double fec_inner_out_ber(const fec_cfg_t *c, double p);
/* PAM symbols one RS symbol spans. */
int fec_pam_per_rs_symbol(const fec_cfg_t *c);
/* The count distribution for a line SER (per PAM symbol, before any inner code). */
void fec_codeword_dist(const fec_cfg_t *c, double ser, fec_dist_t *out);
/* Same, from SNR. */
void fec_dist_from_snr(const fec_cfg_t *c, double snr_db, fec_dist_t *out);
/* The pre-FEC BER at an SNR, as fec_codeword_dist has it (after the inner
 * code, if any). */
double fec_line_ber(const fec_cfg_t *c, double snr_db);
/* The SNR, dB, at which that BER is `ber`: the FEC limit's SNR for the
 * training threshold (bisection to 1e-9 dB; BER falls as SNR rises). */
double fec_snr_for_ber(const fec_cfg_t *c, double ber);

#ifdef __cplusplus
}
#endif
#endif
