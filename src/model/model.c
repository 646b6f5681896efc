// The lumbar load model: Morin's sine-wave spring-mass method, the published peak-force
// correction, and the L4/L5 compression and shear. Equations and sources: docs/science.md.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "backstride/model.h"
#include "backstride/sha256.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define DEG (M_PI / 180.0)

//---- Spring-mass equations (Morin et al. 2005) ----

double bks_sm_fmax(double mass_kg, double g, double contact_s, double flight_s) {
  // eq. 6: the half-sine's impulse over contact equals m·g over the whole step
  return mass_kg * g * (M_PI / 2.0) * (flight_s / contact_s + 1.0);
}

double bks_sm_dyc(double fmax_n, double mass_kg, double g, double contact_s) {
  // eq. 7, as a positive downward displacement
  double tc2 = contact_s * contact_s;
  return fmax_n * tc2 / (mass_kg * M_PI * M_PI) - g * tc2 / 8.0;
}

double bks_sm_kvert(double fmax_n, double dyc_m) { return fmax_n / dyc_m; }

double bks_sm_dleg(double leg_m, double speed, double contact_s, double dyc_m) {
  // eq. 9: the leg sweeps v·tc/2 on each side of mid-stance
  double half = speed * contact_s / 2.0;
  double r = leg_m * leg_m - half * half;
  if (!(r >= 0)) return NAN; // the leg cannot reach: no geometric solution
  return leg_m - sqrt(r) + dyc_m;
}

double bks_sm_kleg(double fmax_n, double dleg_m) { return fmax_n / dleg_m; }

double bks_sm_vo(double g, double flight_s, double dyc_m) {
  // derived addition (SCIENCE.md section 1): the COM rises g·tf²/8 above touchdown height in a
  // symmetric flight, and drops Δyc below it at mid-stance
  return g * flight_s * flight_s / 8.0 + dyc_m;
}

//---- Model ----

int bks_model_init(bks_model *m, const bks_model_params *p, const bks_runner *r, char *err,
                   size_t err_sz) {
  if (!p) p = bks_model_params_builtin();
  if (!r) {
    bks_set_err(err, err_sz, "no runner given");
    return BKS_E_INVAL;
  }
  if (!isfinite(r->mass_kg) || r->mass_kg <= 0) {
    bks_set_err(err, err_sz, "body mass must be a positive number of kilograms (got %g)",
                r->mass_kg);
    return BKS_E_RANGE;
  }
  if (!isfinite(r->height_m) || r->height_m <= 0) {
    bks_set_err(err, err_sz, "height must be a positive number of metres (got %g)", r->height_m);
    return BKS_E_RANGE;
  }
  int assumed = isnan(r->lean_deg);
  double lean = assumed ? p->p[BKS_P_LEAN_DEFAULT].value : r->lean_deg;
  if (!isfinite(lean) || fabs(lean) >= 90) {
    bks_set_err(err, err_sz, "trunk lean must be between -90 and 90 degrees (got %g)", lean);
    return BKS_E_RANGE;
  }
  bks_model o = {0};
  o.params = p;
  o.mass_kg = r->mass_kg;
  o.height_m = r->height_m;
  o.lean_deg = lean;
  o.lean_assumed = assumed;
  o.core_weak = r->core_weak != 0;
  o.g = p->p[BKS_P_GRAVITY].value;
  o.weight_n = o.mass_kg * o.g;
  o.leg_m = p->p[BKS_P_LEG_LENGTH_RATIO].value * o.height_m;
  o.fmax_corr = 1.0 / (1.0 - p->p[BKS_P_FMAX_BIAS].value);
  o.u_fmax = p->p[BKS_P_FMAX_BIAS_SD].value;
  o.mass_above = p->p[BKS_P_MASS_ABOVE_L4L5].value;
  o.lever_ratio = p->p[BKS_P_TRUNK_LEVER].value / p->p[BKS_P_EXTENSOR_ARM].value;

  // lumbar geometry: the vertical load W on the mass above splits into W·cosθ along the spine
  // and W·sinθ across it (anterior shear); its moment W·d·sinθ is held by the extensors at
  // moment arm r, whose force (parallel to the spine) adds W·(d/r)·sinθ of compression
  double th = lean * DEG, s = sin(th), c = cos(th);
  o.comp_factor = c + o.lever_ratio * s;
  o.shear_factor = s;
  o.comp_scale = o.core_weak ? 1.0 + p->p[BKS_P_CORE_LOWER_COMP].value : 1.0;
  o.shear_scale = o.core_weak ? 1.0 + p->p[BKS_P_CORE_SHEAR].value : 1.0;
  // relaxed standing (Wilke's LLI = 1): upright, no acceleration, so no extensor moment
  o.stand_comp_n = o.mass_above * o.weight_n;

  // static uncertainty of the lumbar geometry (relative half-widths added in quadrature): lean,
  // lever and moment arm for the compression factor; the mass fraction cancels in the LLI
  double dth =
      (assumed ? p->p[BKS_P_LEAN_ASSUMED_UNC].value : p->p[BKS_P_LEAN_MEASURED_UNC].value) * DEG;
  double u_ratio = hypot(p->p[BKS_P_TRUNK_LEVER_UNC].value, p->p[BKS_P_EXTENSOR_ARM_UNC].value);
  double u_theta = fabs(-s + o.lever_ratio * c) * dth / o.comp_factor;
  double u_geom = fabs(o.lever_ratio * s / o.comp_factor) * u_ratio;
  double u_lever = hypot(u_theta, u_geom);
  double u_mass = p->p[BKS_P_MASS_ABOVE_UNC].value;
  o.u_lli_static = u_lever;
  o.u_comp_static = hypot(u_lever, u_mass);
  // shear ∝ sinθ: its relative spread is cotθ·Δθ (infinite for an upright trunk)
  o.u_shear_static = fabs(s) > 0 ? hypot(fabs(c / s) * dth, u_mass) : INFINITY;

  // Palmgren–Miner: N_fail = N0·exp(−coef·%UCT), %UCT = 100·F/UCT, so the damage of one loading
  // relative to standing is exp(coef·100/UCT·(F − F_standing))
  o.dose_k = p->p[BKS_P_DOSE_COEF].value * 100.0 / p->p[BKS_P_UCT].value;
  *m = o;
  return BKS_OK;
}

int bks_step_check(double contact_s, double flight_s, double speed, char *err, size_t err_sz) {
  if (!isfinite(contact_s) || contact_s <= 0) {
    bks_set_err(err, err_sz, "contact time must be a positive number of seconds (got %g)",
                contact_s);
    return BKS_E_RANGE;
  }
  if (!isfinite(flight_s)) {
    bks_set_err(err, err_sz, "flight time must be a number (got %g)", flight_s);
    return BKS_E_RANGE;
  }
  if (flight_s <= 0) {
    bks_set_err(err, err_sz,
                "contact time is as long as the whole step or longer (flight time %.3f s): that is "
                "walking or a measurement error, and the running model needs a flight phase",
                flight_s);
    return BKS_E_RANGE;
  }
  if (isinf(speed) || speed < 0) {
    bks_set_err(err, err_sz, "speed must be a number of metres per second, 0 or more (got %g)",
                speed);
    return BKS_E_RANGE;
  }
  return BKS_OK;
}

int bks_model_step(const bks_model *m, double contact_s, double flight_s, double speed,
                   double timing_unc, bks_step_result *out) {
  // the same conditions as bks_step_check, without the message (this is the hot loop)
  if (!(contact_s > 0) || !isfinite(contact_s) || !(flight_s > 0) || !isfinite(flight_s) ||
      speed < 0 || isinf(speed)) {
    return BKS_E_RANGE;
  }
  bks_step_result r;
  double g = m->g;
  r.fmax_n = bks_sm_fmax(m->mass_kg, g, contact_s, flight_s);
  r.dyc_m = bks_sm_dyc(r.fmax_n, m->mass_kg, g, contact_s);
  r.kvert_n_m = bks_sm_kvert(r.fmax_n, r.dyc_m);
  r.dleg_m = isnan(speed) ? NAN : bks_sm_dleg(m->leg_m, speed, contact_s, r.dyc_m);
  r.kleg_n_m = bks_sm_kleg(r.fmax_n, r.dleg_m);
  r.vo_model_m = bks_sm_vo(g, flight_s, r.dyc_m);

  // published correction of the under-estimated peak (Morin 2005 Table 1)
  r.peak_vgrf_n = r.fmax_n * m->fmax_corr;
  r.peak_vgrf_bw = r.peak_vgrf_n / m->weight_n;
  // the half-sine rises from 0 to its peak in tc/2
  r.loading_rate_bw_s = r.peak_vgrf_bw / (contact_s / 2.0);

  // L4/L5: the mass above moves with the centre of mass, so at the force peak it weighs
  // mass_above·F_peak (gravity plus its vertical acceleration F/m − g)
  double w_above = m->mass_above * r.peak_vgrf_n;
  r.lumbar_comp_n = w_above * m->comp_factor * m->comp_scale;
  r.lumbar_shear_n = w_above * m->shear_factor * m->shear_scale;
  r.lumbar_comp_bw = r.lumbar_comp_n / m->weight_n;
  r.lumbar_shear_bw = r.lumbar_shear_n / m->weight_n;
  r.lli = r.lumbar_comp_n / m->stand_comp_n;

  // band: timing and the peak-force correction add to the static geometry in quadrature
  double u_f2 = timing_unc * timing_unc + m->u_fmax * m->u_fmax;
  r.u_comp = sqrt(u_f2 + m->u_comp_static * m->u_comp_static);
  r.u_lli = sqrt(u_f2 + m->u_lli_static * m->u_lli_static);
  r.u_shear = sqrt(u_f2 + m->u_shear_static * m->u_shear_static);

  r.dose = exp(m->dose_k * (r.lumbar_comp_n - m->stand_comp_n));
  *out = r;
  return BKS_OK;
}

double bks_model_dose(const bks_model *m, double comp_n) {
  if (!isfinite(comp_n)) return 0;
  return exp(m->dose_k * (comp_n - m->stand_comp_n));
}

double bks_model_static_flexion_ratio(const bks_model *m, double deg) {
  double th = deg * DEG;
  // standing upright has factor 1 (cos 0 + (d/r)·sin 0)
  return cos(th) + m->lever_ratio * sin(th);
}

int bks_model_key(const bks_model *m, char *out, size_t cap) {
  if (cap < BKS_MODEL_KEY_MAX) return BKS_E_LIMIT;
  // the digest covers every parameter value bit for bit: an explored table never shares a key
  // with the built-in one
  bks_sha256_ctx c;
  bks_sha256_init(&c);
  for (int i = 0; i < BKS_NPARAMS; i++) {
    double v = m->params->p[i].value;
    bks_sha256_update(&c, &v, sizeof v);
  }
  uint8_t d[32];
  bks_sha256_final(&c, d);
  char hex[65];
  bks_sha256_hex(d, hex);
  // %.17g: exact round trip of a double, at most 24 characters each
  char lean[32];
  if (m->lean_assumed) snprintf(lean, sizeof lean, "a");
  else snprintf(lean, sizeof lean, "%.17g", m->lean_deg);
  int n = snprintf(out, cap, "%s;m=%.17g;h=%.17g;lean=%s;core=%d;p=%.16s", BKS_MODEL_VERSION,
                   m->mass_kg, m->height_m, lean, m->core_weak, hex);
  return n > 0 && (size_t)n < cap ? BKS_OK : BKS_E_LIMIT;
}

int bks_model_init_defaults(bks_model *m, const bks_runner *r, char *defaults, size_t defaults_sz,
                            char *err, size_t err_sz) {
  const bks_model_params *p = bks_model_params_builtin();
  bks_runner br = *r;
  int dm = isnan(br.mass_kg), dh = isnan(br.height_m);
  if (dm) br.mass_kg = p->p[BKS_P_DEFAULT_MASS].value;
  if (dh) br.height_m = p->p[BKS_P_DEFAULT_HEIGHT].value;
  snprintf(defaults, defaults_sz, "%s",
           dm && dh ? "mass and height"
           : dm     ? "mass"
           : dh     ? "height"
                    : "");
  return bks_model_init(m, p, &br, err, err_sz);
}
