# The peers' published decision rules and 3+3 enumeration, transcribed into base R, for
# Benchmarks/dose-finding.sh: a cross-check of `aegrade rules table` and a time baseline measured
# in the same run. Not a test dependency. Sources: R BOIN get.boundary (Liu & Yuan 2015; the
# de-escalation count floor(lambda_d n) + 1 of BOIN >= 2.7.2), R FIND get_decision_mtpi2 and
# get_decision_i3plus3 (Guo et al. 2017; Liu et al. 2020), with elimination from n >= 3.
#
# Usage: Rscript dose-finding-peers.R table DESIGN TARGET EPS1 EPS2 N   (prints "n E D L", - for none)
#        Rscript dose-finding-peers.R oc TRUTH                           (exact 3+3: selected, subjects)
#        Rscript dose-finding-peers.R boin-oc TRUTH [TRIALS]             (simulated BOIN at target 0.3)
#        Rscript dose-finding-peers.R time                               (prints seconds)

boin_rows <- function(target, N, cutoff = 0.95) {
  p.saf <- 0.6 * target; p.tox <- 1.4 * target
  le <- log((1 - p.saf) / (1 - target)) / log(target * (1 - p.saf) / (p.saf * (1 - target)))
  ld <- log((1 - target) / (1 - p.tox)) / log(p.tox * (1 - target) / (target * (1 - p.tox)))
  t(sapply(1:N, function(n) {
    e <- floor(le * n); d <- floor(ld * n) + 1; l <- NA
    if (n >= 3) for (y in 1:n) if (1 - pbeta(target, y + 1, n - y + 1) > cutoff) { l <- y; break }
    if (!is.na(l) && d > l) d <- l
    if (d > n) d <- NA
    c(n, e, d, l)
  }))
}

decisions_to_rows <- function(decide, N) {
  t(sapply(1:N, function(n) {
    cells <- sapply(0:n, function(y) decide(y, n))
    e <- if (any(cells == "E")) max(which(cells == "E")) - 1 else NA
    d <- if (any(cells %in% c("D", "DU"))) min(which(cells %in% c("D", "DU"))) - 1 else NA
    l <- if (any(cells == "DU")) min(which(cells == "DU")) - 1 else NA
    c(n, e, d, l)
  }))
}

du <- function(y, n, pT) n >= 3 && pbeta(pT, y + 1, n - y + 1, lower.tail = FALSE) > 0.95

mtpi2_decide <- function(pT, EI) {
  eps <- EI[2] - EI[1]
  if (abs(EI[1] %% eps) < .Machine$double.eps^0.5) {
    LI <- cbind(seq(0, EI[1] - eps, by = eps), seq(eps, EI[1], by = eps))
  } else {
    LI <- cbind(seq(EI[1] - ceiling(EI[1] / eps) * eps, EI[1] - eps, by = eps),
                seq(EI[1] - ceiling(EI[1] / eps) * eps + eps, EI[1], by = eps))
  }
  if (abs((1 - EI[2]) %% eps) < .Machine$double.eps^0.5) {
    HI <- cbind(seq(EI[2], 1 - eps, by = eps), seq(EI[2] + eps, 1, by = eps))
  } else {
    HI <- cbind(seq(EI[2], EI[2] + ceiling((1 - EI[2]) / eps) * eps - eps, by = eps),
                seq(EI[2] + eps, EI[2] + ceiling((1 - EI[2]) / eps) * eps, by = eps))
  }
  iv <- rbind(LI, c(EI[1], EI[2]), HI)
  iv[1, 1] <- 0; iv[nrow(iv), 2] <- 1
  iv <- round(iv, 3)
  function(y, n) {
    if (du(y, n, pT)) return("DU")
    upm <- (pbeta(iv[, 2], 1 + y, 1 + n - y) - pbeta(iv[, 1], 1 + y, 1 + n - y)) / (iv[, 2] - iv[, 1])
    mid <- (iv[which.max(upm), 1] + iv[which.max(upm), 2]) / 2
    if (mid < EI[1]) "E" else if (mid > EI[2]) "D" else "S"
  }
}

i3_decide <- function(pT, EI) function(y, n) {
  if (du(y, n, pT)) return("DU")
  p <- y / n
  if (p < EI[1]) "E" else if (p <= EI[2]) "S" else if ((y - 1) / n < EI[1]) "S" else "D"
}

# Exact 3+3 (top dose not expanded, de-escalation stops): recursive enumeration of cohort outcomes.
three_plus_three_oc <- function(truth) {
  K <- length(truth); sel <- numeric(K + 1); ns <- numeric(K)
  walk <- function(d, n, y, w) {
    for (k in 0:3) {
      pk <- dbinom(k, 3, truth[d]); if (pk == 0) next
      n2 <- n; y2 <- y; n2[d] <- n2[d] + 3; y2[d] <- y2[d] + k; w2 <- w * pk
      if (y2[d] >= 2) { sel[if (d == 1) K + 1 else d - 1] <<- sel[if (d == 1) K + 1 else d - 1] + w2; ns <<- ns + w2 * n2 }
      else if (n2[d] == 3 && y2[d] == 1) walk(d, n2, y2, w2)
      else if (d == K) { sel[d] <<- sel[d] + w2; ns <<- ns + w2 * n2 }
      else walk(d + 1, n2, y2, w2)
    }
  }
  walk(1, numeric(K), numeric(K), 1)
  list(selected = sel, subjects = ns)
}

# BOIN simulated OC: the trial loop of R BOIN get.oc (no titration) and select.mtd, transcribed.
boin_oc <- function(target, truth, ncohort = 10, cohortsize = 3, ntrial = 10000, seed = 6) {
  set.seed(seed)
  rows <- boin_rows(target, ncohort * cohortsize)
  b.e <- rows[, 2]; b.d <- rows[, 3]; b.d[is.na(b.d)] <- Inf; b.elim <- rows[, 4]
  K <- length(truth); npts <- ncohort * cohortsize; sel <- numeric(K + 1); ns <- numeric(K)
  pava <- function(x, wt) {
    n <- length(x); if (n <= 1) return(x); lv <- 1:n
    repeat { viol <- diff(x) < 0; if (!any(viol)) break; i <- min(which(viol))
      il <- lv == lv[i] | lv == lv[i + 1]; x[il] <- sum(x[il] * wt[il]) / sum(wt[il]); lv[il] <- lv[i] }
    x
  }
  for (trial in 1:ntrial) {
    y <- numeric(K); n <- numeric(K); d <- 1; elimi <- numeric(K); stop <- FALSE
    for (i in 1:ncohort) {
      tox <- sum(runif(cohortsize) < truth[d]); y[d] <- y[d] + tox; n[d] <- n[d] + cohortsize
      if (sum(n) >= npts) break
      if (!is.na(b.elim[n[d]]) && y[d] >= b.elim[n[d]]) { elimi[d:K] <- 1; if (d == 1) { stop <- TRUE; break } }
      if (y[d] <= b.e[n[d]] && d != K) { if (elimi[d + 1] == 0) d <- d + 1 }
      else if (y[d] >= b.d[n[d]] && d != 1) d <- d - 1
    }
    ns <- ns + n
    pick <- K + 1
    if (!stop) {
      el <- numeric(K)
      for (j in 1:K) if (n[j] >= 3 && 1 - pbeta(target, y[j] + 1, n[j] - y[j] + 1) > 0.95) { el[j:K] <- 1; break }
      if (el[1] == 0) {
        adm <- which(n != 0 & el == 0)
        ph <- (y[adm] + 0.05) / (n[adm] + 0.1)
        v <- (y[adm] + 0.05) * (n[adm] - y[adm] + 0.05) / ((n[adm] + 0.1)^2 * (n[adm] + 1.1))
        ph <- pava(ph, 1 / v) + (1:length(adm)) * 1e-10
        pick <- adm[sort(abs(ph - target), index.return = TRUE)$ix[1]]
      }
    }
    sel[pick] <- sel[pick] + 1
  }
  list(selected = sel / ntrial, subjects = ns / ntrial)
}

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1 && args[1] == "table") {
  design <- args[2]; pT <- as.numeric(args[3]); e1 <- as.numeric(args[4]); e2 <- as.numeric(args[5]); N <- as.integer(args[6])
  # FIND takes the EI as the user writes it (c(0.15, 0.25)); 0.2 - 0.05 is 0.15000000000000002 in
  # floating point, which would put p = 3/20 below it. Round to the decimals the user would write.
  EI <- round(c(pT - e1, pT + e2), 10)
  rows <- switch(design,
    boin = boin_rows(pT, N),
    mtpi2 = decisions_to_rows(mtpi2_decide(pT, EI), N),
    "i3+3" = decisions_to_rows(i3_decide(pT, EI), N))
  for (i in seq_len(nrow(rows))) cat(paste(ifelse(is.na(rows[i, ]), "-", rows[i, ]), collapse = "\t"), "\n", sep = "")
} else if (length(args) >= 1 && args[1] == "oc") {
  r <- three_plus_three_oc(as.numeric(strsplit(args[2], ",")[[1]]))
  cat(sprintf("%.10f", r$selected), "\n"); cat(sprintf("%.10f", r$subjects), "\n")
} else if (length(args) >= 1 && args[1] == "boin-oc") {
  r <- boin_oc(0.3, as.numeric(strsplit(args[2], ",")[[1]]), ntrial = if (length(args) >= 3) as.integer(args[3]) else 10000)
  cat(sprintf("%.4f", r$selected), "\n"); cat(sprintf("%.3f", r$subjects), "\n")
} else {
  # system.time counts in milliseconds: time a batch of runs and divide.
  mean_time <- function(runs, f) system.time(for (i in 1:runs) f())[["elapsed"]] / runs
  tb <- mean_time(100, function() boin_rows(0.3, 30))
  to <- mean_time(200, function() three_plus_three_oc(c(0.05, 0.12, 0.25, 0.40, 0.55)))
  ts <- system.time(boin_oc(0.3, c(0.05, 0.12, 0.25, 0.40), ntrial = 10000))[["elapsed"]]
  cat(sprintf("R boin table n <= 30: %.6f s\nR exact 3+3 OC, 5 doses: %.6f s\nR boin simulated OC (get.oc loop), 10000 trials, 4 doses: %.3f s\n", tb, to, ts))
}
