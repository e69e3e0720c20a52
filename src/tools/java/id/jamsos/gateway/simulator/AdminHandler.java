package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves /sim/*: stats, fault settings, reset, firing a paid claim (POST /sim/claims), the calendar
 * (/sim/clock) and paying a month (POST /sim/payments) for tests, the demo and operators. Unsigned, so
 * it answers only callers on the same machine; faults never apply here, so an operator can
 * always switch them off again.
 */
final class AdminHandler {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final BpjsSimulator simulator;

    AdminHandler(ObjectMapper json, BpjsSimulator simulator) {
        this.json = json;
        this.simulator = simulator;
    }

    void handle(HttpExchange ex) throws IOException {
        reply(ex).write(ex, json);
    }

    private Reply reply(HttpExchange ex) throws IOException {
        if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return problem(403, "admin endpoints answer loopback callers only");
        }
        String method = ex.getRequestMethod();
        switch (ex.getRequestURI().getPath()) {
            case "/sim/stats":
                if (!"GET".equals(method)) {
                    return problem(405, "use GET");
                }
                Map<String, Object> body = new LinkedHashMap<>(simulator.stats().snapshot());
                body.put("members", simulator.memberCount());
                body.put("claims", simulator.claimCount());
                body.put("faults", simulator.faults().snapshot());
                body.put("today", simulator.today().toString());
                body.put("paidMonths", simulator.paidMonths());
                return new Reply(200, body);
            case "/sim/clock":
                if ("POST".equals(method)) {
                    return setClock(ex);
                }
                return "GET".equals(method) ? new Reply(200, clock()) : problem(405, "use GET or POST");
            case "/sim/payments":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                return markPaid(ex);
            case "/sim/faults":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                try (InputStream in = ex.getRequestBody()) {
                    Map<String, Object> values = json.readValue(in.readNBytes(64 * 1024), MAP);
                    simulator.faults().apply(values == null ? Map.of() : values);
                } catch (JsonProcessingException e) {
                    return problem(400, "malformed JSON");
                } catch (IllegalArgumentException e) {
                    return problem(400, e.getMessage());
                }
                return new Reply(200, simulator.faults().snapshot());
            case "/sim/claims":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                return fire(ex);
            case "/sim/members":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                return payer(ex, true);
            case "/sim/payer":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                return payer(ex, false);
            case "/sim/reset":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                simulator.reset();
                return new Reply(200, Map.of("reset", true));
            default:
                return problem(404, "no such admin endpoint");
        }
    }

    /**
     * Body (every field optional): {@code {"type":"JKM"|"JKK","nik":..,"kpj":..,"amount":7500000,
     * "callbackUrl":..}}. Answers what was paid and the gateway's HTTP status; the NIK masked.
     */
    private Reply fire(HttpExchange ex) throws IOException {
        Map<String, Object> values;
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024);
            values = body.length == 0 ? Map.of() : json.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return problem(400, "malformed JSON");
        }
        if (values == null) {
            values = Map.of();
        }
        try {
            long amount = values.get("amount") == null ? 7_500_000L : Long.parseLong(String.valueOf(values.get("amount")));
            BpjsSimulator.FiredClaim fired = simulator.fireClaimFor(text(values, "type"), text(values, "nik"),
                    text(values, "kpj"), amount, text(values, "callbackUrl"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("claimId", fired.claim().claimId());
            answer.put("claimType", fired.claim().claimType());
            answer.put("kpj", fired.claim().kpj());
            answer.put("nik", NikMask.mask(fired.claim().nik()));
            answer.put("amount", fired.claim().amount());
            answer.put("callbackUrl", fired.callbackUrl());
            answer.put("callbackStatus", fired.status());
            return new Reply(200, answer);
        } catch (NumberFormatException e) {
            return problem(400, "amount must be whole rupiah");
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (java.util.NoSuchElementException e) {
            return problem(404, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return problem(502, e.getMessage());
        }
    }

    /**
     * POST /sim/members {@code {"nik", "nama"?, "jenis", "kode"?, "namaPembayar"?, "dariBulan"?}}: a member
     * already, paid by that payer from dariBulan (default: this month of the calendar). POST /sim/payer
     * {@code {"nik" or "kpj", "jenis", "kode"?, "namaPembayar"?, "dariBulan"?}}: an existing member paid by
     * that payer from dariBulan on. Answers the KPJ and the NIK masked.
     */
    private Reply payer(HttpExchange ex, boolean add) throws IOException {
        Map<String, Object> values;
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024);
            values = body.length == 0 ? Map.of() : json.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return problem(400, "malformed JSON");
        }
        if (values == null) {
            values = Map.of();
        }
        try {
            String month = text(values, "dariBulan");
            java.time.YearMonth from = month == null ? java.time.YearMonth.from(simulator.today())
                    : java.time.YearMonth.parse(month);
            String nik = text(values, "nik");
            Map<String, Object> answer = new LinkedHashMap<>();
            if (add) {
                if (nik == null) {
                    return problem(400, "send nik (16 digits)");
                }
                answer.put("kpj", simulator.addMemberPaidBy(nik, text(values, "nama"), text(values, "jenis"),
                        text(values, "kode"), text(values, "namaPembayar"), from));
                answer.put("nik", NikMask.mask(nik));
            } else {
                String who = nik != null ? nik : text(values, "kpj");
                if (who == null) {
                    return problem(400, "send nik or kpj");
                }
                if (!simulator.changePayer(who, text(values, "jenis"), text(values, "kode"),
                        text(values, "namaPembayar"), from)) {
                    return problem(404, "no such member");
                }
                answer.put("changed", true);
            }
            answer.put("jenis", text(values, "jenis"));
            answer.put("dariBulan", from.toString());
            return new Reply(200, answer);
        } catch (java.time.format.DateTimeParseException e) {
            return problem(400, "dariBulan must be yyyy-MM");
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        }
    }

    private Map<String, Object> clock() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("now", simulator.now().toString());
        answer.put("today", simulator.today().toString());
        answer.put("month", java.time.YearMonth.from(simulator.today()).toString());
        answer.put("zone", SimulatorCalendar.ZONE.getId());
        return answer;
    }

    /**
     * Body, one of: {@code {"now": "2025-07-16T00:00:00Z"}}, {@code {"date": "2025-07-16"}} (midnight in
     * the simulator's zone), {@code {"advanceDays": 30}}, {@code {"reset": true}} (back to the start
     * clock). Answers the calendar as GET does.
     */
    private Reply setClock(HttpExchange ex) throws IOException {
        Map<String, Object> values;
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024);
            values = body.length == 0 ? Map.of() : json.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return problem(400, "malformed JSON");
        }
        if (values == null || values.size() != 1) {
            return problem(400, "send one of now, date, advanceDays, reset");
        }
        try {
            if (values.containsKey("now")) {
                simulator.setNow(java.time.Instant.parse(String.valueOf(values.get("now"))));
            } else if (values.containsKey("date")) {
                simulator.setNow(java.time.LocalDate.parse(String.valueOf(values.get("date")))
                        .atStartOfDay(SimulatorCalendar.ZONE).toInstant());
            } else if (values.get("advanceDays") instanceof Number days) {
                simulator.advanceClock(java.time.Duration.ofDays(days.longValue()));
            } else if (Boolean.TRUE.equals(values.get("reset"))) {
                simulator.resetClock();
            } else {
                return problem(400, "send one of now, date, advanceDays (a number), reset (true)");
            }
        } catch (java.time.format.DateTimeParseException e) {
            return problem(400, "now must be an ISO-8601 instant, date yyyy-MM-dd");
        }
        return new Reply(200, clock());
    }

    /** Body {@code {"kodeWilayah": "9671", "periode": "2025-03"}}: pays what the month still owes. */
    private Reply markPaid(HttpExchange ex) throws IOException {
        Map<String, Object> values;
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024);
            values = body.length == 0 ? Map.of() : json.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            return problem(400, "malformed JSON");
        }
        String region = values == null ? null : text(values, "kodeWilayah");
        String month = values == null ? null : text(values, "periode");
        if (region == null || !region.matches("\\d{4}") || month == null || !month.matches("\\d{4}-\\d{2}")) {
            return problem(400, "send kodeWilayah (4 digits) and periode (yyyy-MM)");
        }
        java.time.YearMonth periode;
        try {
            periode = java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            return problem(400, "periode must be yyyy-MM");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kodeWilayah", region);
        answer.put("periode", periode.toString());
        answer.put("dibayar", simulator.markPaid(region, periode));
        return new Reply(200, answer);
    }

    private static String text(Map<String, Object> values, String key) {
        Object v = values.get(key);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
    }

    private static Reply problem(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }
}
