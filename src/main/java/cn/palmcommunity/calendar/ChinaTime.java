package cn.palmcommunity.calendar;

import java.time.ZoneId;

/** The district's clock. China has one time zone and no daylight saving, so local days never skip or repeat. */
public final class ChinaTime {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private ChinaTime() {
    }
}
