package cn.palmcommunity.petition;

/** Who a petition is dispatched to (派单). */
public enum DispatchTarget { GRID, DEPARTMENT, PROPERTY_COMPANY }
