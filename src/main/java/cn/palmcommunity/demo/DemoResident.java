package cn.palmcommunity.demo;

import java.time.LocalDate;

/** One generated resident, before it has a database id. */
public record DemoResident(String idNumber, String name, char sex, LocalDate birthDate, String phone,
                           int gridIndex, String address, String livingStatus) {
}
